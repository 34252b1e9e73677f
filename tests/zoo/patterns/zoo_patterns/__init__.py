"""A tiny third-party-style model package reproducing the patterns real zoos use (tests/zoo)."""
