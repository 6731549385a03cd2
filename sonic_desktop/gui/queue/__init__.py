"""The queue room: the job table, its rows, the controller and the render worker."""
