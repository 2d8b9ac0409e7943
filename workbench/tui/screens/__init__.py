"""Screens of the review UI: the main screen and its dialogs."""
