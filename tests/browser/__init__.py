"""Browser tests: built handbooks served locally and opened in headless Chromium."""
