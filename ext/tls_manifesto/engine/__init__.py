"""The engine: which files are configs, detect and load them, run the rules, apply waivers."""
