"""What the product writes for people: exports, documentation, the data matrix and the briefing."""
