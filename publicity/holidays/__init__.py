"""The yearly holiday schedules (节假日安排) the city office enters from the State
Council's notice."""
