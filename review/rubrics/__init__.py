"""Rubrics (评分标准) as versioned data: the shipped standards, and the versions the city office
imports from CSV and publishes."""
