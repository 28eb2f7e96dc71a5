"""The lock file: what every quote showed when approved, and the build's warnings about drift."""
