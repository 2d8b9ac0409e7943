"""Who said it: cue and mention finding (attribute), resolution within the article (resolve),
and name matching (names)."""
