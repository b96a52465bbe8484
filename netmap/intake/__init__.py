"""Questionnaire answers -> actors and ties, and every decision about the names people typed:
:mod:`.responses` reads the exports' shapes, :mod:`.reconcile` matches names, :mod:`.survey`
puts the two together."""
