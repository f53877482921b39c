"""The pipeline's data files (lexicons, titles, patterns), shipped inside the wheel as quotes.models."""
