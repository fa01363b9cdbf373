// Server-sent events read with fetch and a ReadableStream: EventSource cannot send the bearer token
// the API needs. Each event goes to the .NET receiver's OnEvent(type, data); when the stream ends or
// fails, OnClosed(status) tells it (0: network or server gone), and .NET decides when to reconnect.

export function open(url, token, receiver) {
    const controller = new AbortController();
    read(url, token, receiver, controller.signal);
    return { close: () => controller.abort() };
}

async function read(url, token, receiver, signal) {
    let status = 0;
    try {
        const response = await fetch(url, {
            headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream", "Accept-Language": "zh-CN" },
            cache: "no-store",
            signal,
        });
        status = response.status;
        if (response.ok && response.body) {
            status = 0;
            const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
            let buffer = "";
            for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                buffer += value;
                buffer = buffer.replace(/\r\n?/g, "\n");
                let end;
                while ((end = buffer.indexOf("\n\n")) >= 0) {
                    const block = buffer.slice(0, end);
                    buffer = buffer.slice(end + 2);
                    const event = parse(block);
                    if (event) await receiver.invokeMethodAsync("OnEvent", event.type, event.data);
                }
            }
        }
    } catch {
        // aborted, or the network or server went away: reported below unless we closed it ourselves
    }
    if (!signal.aborted) await receiver.invokeMethodAsync("OnClosed", status);
}

function parse(block) {
    let type = "message";
    const data = [];
    for (const line of block.split("\n")) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") type = value;
        else if (field === "data") data.push(value);
    }
    return data.length === 0 && type === "message" ? null : { type, data: data.join("\n") };
}

let audio;

// A short two-tone alert made by the Web Audio API (no sound file to fetch). Browsers keep audio
// silent until the person has interacted with the page; resume() is tried each time.
export function beep() {
    try {
        audio ??= new AudioContext();
        if (audio.state === "suspended") audio.resume();
        const start = audio.currentTime;
        [880, 660].forEach((frequency, i) => {
            const oscillator = audio.createOscillator();
            const gain = audio.createGain();
            oscillator.type = "sine";
            oscillator.frequency.value = frequency;
            gain.gain.setValueAtTime(0.0001, start + i * 0.25);
            gain.gain.exponentialRampToValueAtTime(0.3, start + i * 0.25 + 0.02);
            gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.25 + 0.22);
            oscillator.connect(gain).connect(audio.destination);
            oscillator.start(start + i * 0.25);
            oscillator.stop(start + i * 0.25 + 0.24);
        });
        // How many alerts sounded in this tab: what a test or a support call can check.
        window.officeMeshAlertSounds = (window.officeMeshAlertSounds || 0) + 1;
        return true;
    } catch {
        return false;
    }
}
