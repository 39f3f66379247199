"""Steps to Markdown / LaTeX / HTML / PDF, plots to PNG / SVG."""
