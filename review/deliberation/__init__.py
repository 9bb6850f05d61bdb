"""Deliberation (stage 7, 审议公示): the composite ranking, the proposed list, the leadership
group's decision, the proposed-winner publicity and its substitutions (递补)."""
