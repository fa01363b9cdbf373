// The chart library's script and styles, added to the page the first time a page with charts opens,
// so the sign-in page and every other page never fetch them. Both come from this server (_content/).

export function load(script, styles) {
    return Promise.all([addScript(script), addStyles(styles)]);
}

function addScript(src) {
    if (document.querySelector(`script[src="${src}"]`)) return Promise.resolve();
    return new Promise((resolve, reject) => {
        const element = document.createElement("script");
        element.src = src;
        element.onload = () => resolve();
        element.onerror = () => reject(new Error(`${src} did not load`));
        document.body.appendChild(element);
    });
}

function addStyles(href) {
    if (document.querySelector(`link[href="${href}"]`)) return Promise.resolve();
    return new Promise((resolve, reject) => {
        const element = document.createElement("link");
        element.rel = "stylesheet";
        element.href = href;
        element.onload = () => resolve();
        element.onerror = () => reject(new Error(`${href} did not load`));
        document.head.appendChild(element);
    });
}

// The width of a chart's box, so the chart is drawn at that size at once, and drawn again when the box changes width.
const watched = new Map();
globalThis.officeMeshCharts = {
    width: element => Math.floor(element.clientWidth),
    watchWidth(element, chart) {
        let last = Math.floor(element.clientWidth);
        const observer = new ResizeObserver(() => {
            const now = Math.floor(element.clientWidth);
            if (now === last || now <= 0) return;
            last = now;
            chart.invokeMethodAsync("Resized", now);
        });
        observer.observe(element);
        watched.set(element, observer);
    },
    unwatch(element) {
        watched.get(element)?.disconnect();
        watched.delete(element);
    },
};
