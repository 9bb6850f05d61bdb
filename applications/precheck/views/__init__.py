"""Pages of stages 2 and 3, one module per desk: the unit's pre-check, the office's
acceptance and the office's lists."""
