"""The review UI (Textual). The only part of workbench that imports textual.

``workbench review ARTICLE`` runs :class:`workbench.tui.app.WorkbenchApp`; importing this
package itself loads nothing heavy (the command line's
:mod:`workbench.commands.review` imports :mod:`workbench.tui.app` only to start the UI).
"""
