"""`yjs docs`: the offline site, one self-contained HTML page per scenario and an index.

render.py holds the HTML machinery (sandboxed autoescaped jinja, inline assets, JSON data
islands, the Content-Security-Policy), parts.py one function per part of a scenario page,
chart.py the before/after chart, pages.py the pages and build.py the whole output directory.
"""
