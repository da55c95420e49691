"""Proof: reading a source's evidence, by stated rules."""
