"""The dialect's extensions to Markdown, one module per kind of construct: component tags
and their structure, fences (samples, installs, printed output), installs, prose."""
