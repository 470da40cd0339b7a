"""Checks: relations between claims (arithmetic) and the rule set that turns them into findings."""
