"""The listing node written out: HTML, LaTeX, text, and the code-block shape for other builders."""
