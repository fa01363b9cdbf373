// Saves a file the API sent (read by .NET with the bearer token) under the name the server gave it:
// a blob URL and a temporary link with the download attribute, the one way a browser lets a page name a file.
export async function save(fileName, contentType, streamReference) {
    const buffer = await streamReference.arrayBuffer();
    const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
