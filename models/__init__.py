"""The pipeline's data files (lexicons, titles, patterns), shipped in the wheel as quotes.models."""
