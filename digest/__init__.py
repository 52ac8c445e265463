"""digest: a folder of news articles in, a cited briefing site out."""

__version__ = "0.1.0"
