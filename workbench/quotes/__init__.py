"""Finding quoted statements: the mark scanner, the cue lexicon and the spaCy component."""
