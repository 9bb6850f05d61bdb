"""Review rounds (材料评审, 现场评审, 陈述答辩): the panel drawn from the pool, assignments, the
results computed from the sheets, who advances, the round's report, and the applicants' feedback."""
