"""Conflicts of interest (回避): found by the portal, declared by experts, asked for by applicants,
decided by the city office; a blocking one takes the expert off the application."""
