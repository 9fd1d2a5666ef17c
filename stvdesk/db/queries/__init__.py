"""Query functions: each takes a Session and returns models or small result dataclasses.

Screens call these and nothing else of the database (DESIGN, layer rule).
"""
