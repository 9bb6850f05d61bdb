"""Stages 2 and 3 (初核推荐, 审查受理): the recommending unit's pre-check and recommendation,
the city office's acceptance and the acceptance list.

`services` holds every write, `selectors` the lists and figures, `guards` the rules the
lifecycle's moves of these stages check, `forms` and `views` the pages, `letters` and `exports`
the unit's recommendation letter and the Excel lists.
"""
