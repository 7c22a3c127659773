"""Movies of a TDGL run: |psi|^2 snapshots to GIF (Pillow) or MP4 (only if ffmpeg exists)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np


def animate(result: Any, path: str | Path, *, fps: int = 8, dpi: int = 80) -> Path:
    """Write the snapshots of a :class:`~cooperlab.gl.tdgl.film.FilmResult` as a movie.

    ``.gif`` uses matplotlib's PillowWriter; ``.mp4`` needs ffmpeg on the PATH (a
    ``ValueError`` says so when it is missing).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.animation import FFMpegWriter, FuncAnimation, PillowWriter

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".gif", ".mp4"):
        raise ValueError(f"movie path must end in .gif or .mp4, got {str(path)!r}")
    if suffix == ".mp4" and shutil.which("ffmpeg") is None:
        raise ValueError("mp4 needs ffmpeg, which is not installed; write a .gif instead")
    if not hasattr(result, "snapshot_density"):
        raise ValueError(f"animate needs a TDGL film result, got {type(result).__name__}")
    frames = np.asarray(result.snapshot_density)
    if frames.ndim != 3 or frames.shape[0] == 0:
        raise ValueError("the result holds no snapshots to animate")
    mask = np.asarray(result.mask, bool)
    fig, ax = plt.subplots(figsize=(4.5, 4))
    image = ax.pcolormesh(result.x, result.y, np.where(mask, frames[0], np.nan).T,
                          shading="auto", vmin=0, vmax=1, cmap="viridis")
    fig.colorbar(image, ax=ax, label=r"$|\psi|^2$")
    ax.set_aspect("equal")
    ax.set_xlabel("x (um)")
    ax.set_ylabel("y (um)")
    title = ax.set_title("")

    def draw(k: int) -> Any:
        image.set_array(np.where(mask, frames[k], np.nan).T.ravel())
        title.set_text(f"t = {result.snapshot_time[k]:.1f} tau0")
        return (image, title)

    movie = FuncAnimation(fig, draw, frames=frames.shape[0], blit=False)
    writer = PillowWriter(fps=fps) if suffix == ".gif" else FFMpegWriter(fps=fps)
    target.parent.mkdir(parents=True, exist_ok=True)
    movie.save(str(target), writer=writer, dpi=dpi)
    plt.close(fig)
    return target
