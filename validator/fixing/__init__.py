"""Fixes: value edits applied as exact spans, pass by pass, written atomically."""
