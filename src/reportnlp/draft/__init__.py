"""Drafting: a whole report from the bureau's data (and last year's report), and paragraphs
for the parts a report is missing. Every number in a draft is traceable to a data cell."""
