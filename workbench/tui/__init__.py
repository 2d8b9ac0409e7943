"""The review UI (Textual). The only part of workbench that imports textual.

``workbench review ARTICLE`` runs :class:`workbench.tui.app.WorkbenchApp`; importing this
package itself loads nothing heavy (the CLI imports :mod:`workbench.tui.cli` for every command).
"""
