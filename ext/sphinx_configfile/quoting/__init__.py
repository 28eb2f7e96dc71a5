"""From directive to listing node: options, ``:lines:`` ranges, paths under the configs root,
the reader.
"""
