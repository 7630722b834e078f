"""Greenhouse Harvest (v1) scorecards in and out, through a mapping the user can edit."""
