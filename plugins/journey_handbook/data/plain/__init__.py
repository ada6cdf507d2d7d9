"""Plain language: reading grades and words to avoid in what patients and caregivers read.

`terms` finds listed jargon in a text, `grade` gives a text's US school reading grade, and
`scan` applies both to a loaded handbook (spec "Plain language").
"""
