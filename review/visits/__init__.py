"""On-site visits (现场评审, stage 5) and the defense schedule (陈述答辩, stage 6) of a round."""
