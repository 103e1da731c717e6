"""Disclosure boards from the public view only: html, markdown, pdf, flowchart and heat-map SVG."""
