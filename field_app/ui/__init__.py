"""UI layer: the Flet screens of the group leader's app (views, components, app state)."""
