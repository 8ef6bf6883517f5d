// Replaced by the real UI.
