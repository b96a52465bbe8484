"""The questionnaire server (``netmap collect serve``): residents answer netmap's own
questionnaire through unguessable personal links, in plain HTML that works without JavaScript.

It is a face of its own, beside the command line and the app: it imports no analysis and no
UI (``.importlinter`` says so), shows only the questionnaire, and keeps answers in the store
(:mod:`netmap.store.collections`). :func:`netmap.collect.app.create_app` builds the ASGI app.
"""
