from tests.review.conftest import *  # noqa: F401,F403  (the review fixtures: edition, rubrics, office …)
