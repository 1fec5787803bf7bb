/* Photos chosen on a form with data-photo-long-side are made small on the phone before they are sent.
 *
 * The camera's EXIF (time taken, GPS position) is read first (exifr), because the canvas that downscales
 * the photo drops it; it goes to the server in the hidden photo_meta field, one object per photo in the
 * order chosen (hazards.forms.parse_photo_meta), and is kept on the photo (taken_at, gps_lat, gps_lon).
 * window.portalPhotos.ready() resolves when the last choice has been processed; the form waits for it.
 */
/* global exifr */
(function () {
  "use strict";

  let pending = Promise.resolve();

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  // EXIF times are the camera's wall clock, without a zone: sent as such, the server reads them in its own.
  function localIso(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) + "T" +
      pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds());
  }

  async function readMeta(file) {
    const meta = {};
    if (typeof exifr === "undefined") return meta;
    try {
      const tags = await exifr.parse(file, { tiff: true, exif: true, gps: true, reviveValues: true });
      if (!tags) return meta;
      const taken = tags.DateTimeOriginal || tags.CreateDate || tags.ModifyDate;
      if (taken instanceof Date && !isNaN(taken)) meta.taken_at = localIso(taken);
      if (typeof tags.latitude === "number" && typeof tags.longitude === "number") {
        meta.gps_lat = tags.latitude.toFixed(6);
        meta.gps_lon = tags.longitude.toFixed(6);
      }
    } catch (err) {
      // A photo without EXIF, or one exifr cannot read, is still a photo.
    }
    return meta;
  }

  async function downscale(file, longSide) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (err) {
      return file; // not an image the browser can draw: the server will judge it
    }
    const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg") {
      bitmap.close();
      return file;
    }
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob || blob.size >= file.size) return file;
    const base = (file.name || "photo").replace(/\.[^.]*$/, "");
    return new File([blob], base + ".jpg", { type: "image/jpeg", lastModified: file.lastModified });
  }

  async function process(input, metaInput, longSide) {
    const chosen = Array.from(input.files || []);
    if (!chosen.length) return;
    const metas = [];
    const transfer = new DataTransfer();
    for (const file of chosen) {
      metas.push(await readMeta(file));
      transfer.items.add(await downscale(file, longSide));
    }
    // Setting files fires no change event, so this does not run again on its own result.
    input.files = transfer.files;
    if (metaInput) metaInput.value = JSON.stringify(metas);
  }

  function wire(form) {
    const longSide = parseInt(form.dataset.photoLongSide, 10) || 1600;
    const input = form.querySelector('input[type="file"][name="photos"]');
    const metaInput = form.querySelector('input[name="photo_meta"]');
    if (!input) return;
    input.addEventListener("change", () => {
      pending = pending.then(() => process(input, metaInput, longSide)).catch(() => undefined);
    });
  }

  window.portalPhotos = { ready: () => pending };
  document.querySelectorAll("form[data-photo-long-side]").forEach(wire);
})();
