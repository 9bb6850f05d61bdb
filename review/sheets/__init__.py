"""Score sheets (评分表): an expert's assignments and the sheets they fill, save and submit; the
city office returns or excuses a sheet."""
