#!/usr/bin/env python3
"""Runs Google's legacy MediaPipe Pose solution on images in headless Chromium, writes reference JSON.

A developer check, never part of the product: serves page.html, the @mediapipe/pose package files
and the images from 127.0.0.1, starts Chromium on the page once per model complexity, receives the
landmarks the page POSTs back and writes <out>/<image stem>.<lite|full|heavy>.json in the format of
tests/data/mediapipe/*.json. See README.md.
"""
import argparse
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading

MODEL_NAMES = {0: 'lite', 1: 'full', 2: 'heavy'}
PACKAGE_VERSION = '0.5.1675469404'
CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
]
CONTENT_TYPES = {
    '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm',
    '.json': 'application/json', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
}


class Session:
    """What one Chromium run reports back: the result document or an error text."""

    def __init__(self):
        self.done = threading.Event()
        self.result = None
        self.error = None


def MakeHandler(page_path, package_dir, images, session):
    by_name = {os.path.basename(p): p for p in images}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _Send(self, code, body, content_type='text/plain'):
            self.send_response(code)
            self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _File(self, path):
            if not os.path.isfile(path):
                self._Send(404, b'not found')
                return
            with open(path, 'rb') as f:
                body = f.read()
            ext = os.path.splitext(path)[1].lower()
            self._Send(200, body, CONTENT_TYPES.get(ext, 'application/octet-stream'))

        def do_GET(self):
            route = self.path.split('?')[0]
            if route == '/page.html':
                self._File(page_path)
            elif route == '/list.json':
                self._Send(200, json.dumps(list(by_name)).encode(), 'application/json')
            elif route.startswith('/pkg/'):
                self._File(os.path.join(package_dir, os.path.basename(route)))
            elif route.startswith('/img/'):
                name = os.path.basename(route[len('/img/'):])
                self._File(by_name.get(name, ''))
            else:
                self._Send(404, b'not found')

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
            self._Send(200, b'ok')
            if self.path == '/log':
                print('  page:', body.decode(errors='replace'), flush=True)
            elif self.path == '/result':
                session.result = json.loads(body)
                session.done.set()
            elif self.path == '/error':
                session.error = body.decode(errors='replace')
                session.done.set()

    return Handler


def RunModel(args, images, model):
    session = Session()
    page = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'page.html')
    server = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), MakeHandler(page, args.package, images, session))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = 'http://127.0.0.1:%d/page.html?model=%d&cpu=%d' % (server.server_port, model, args.cpu)
    profile = tempfile.mkdtemp(prefix='mpref-chromium-')
    cmd = [args.chromium] + CHROMIUM_FLAGS + ['--user-data-dir=' + profile,
                                              '--remote-debugging-port=0', url]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        finished = session.done.wait(args.timeout_s)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    if not finished:
        sys.exit('Chromium gave no result within %d s; rerun with a larger --timeout-s.' % args.timeout_s)
    if session.error:
        sys.exit('The page failed: ' + session.error)
    return session.result['results']


def Round(landmark):
    x, y, z, vis = landmark
    return [round(x, 5), round(y, 5), round(z, 5), round(vis, 4)]


def WriteResults(out_dir, results, model, cpu):
    source = ('Google MediaPipe legacy Pose solution @mediapipe/pose %s in Chromium, '
              'modelComplexity %d, staticImageMode (reset() before each image), %s inference' %
              (PACKAGE_VERSION, model, 'CPU' if cpu else 'WebGL'))
    for r in results:
        doc = {
            'image': r['image'], 'width': r['width'], 'height': r['height'], 'source': source,
            'landmark_format': '[x, y, z, visibility]; x,y normalised to image width/height',
            'poses': [{'landmarks': [Round(l) for l in p['landmarks']]} for p in r['poses']],
        }
        stem = os.path.splitext(r['image'])[0]
        path = os.path.join(out_dir, '%s.%s.json' % (stem, MODEL_NAMES[model]))
        with open(path, 'w') as f:
            json.dump(doc, f)
            f.write('\n')
        print('wrote %s (%d pose)' % (path, len(doc['poses'])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('images', nargs='+', help='PNG or JPEG files (unique base names)')
    parser.add_argument('--package', required=True,
                        help='folder of the extracted @mediapipe/pose %s package' % PACKAGE_VERSION)
    parser.add_argument('--out', required=True, help='folder for the <stem>.<model>.json files')
    parser.add_argument('--models', default='0,1,2', help='modelComplexity values, e.g. 1 or 0,1,2')
    parser.add_argument('--cpu', type=int, default=1, choices=[0, 1],
                        help='1: TFLite CPU inference (default), 0: WebGL inference')
    parser.add_argument('--chromium', default='/usr/bin/chromium')
    parser.add_argument('--timeout-s', type=int, default=600)
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.package, 'pose.js')):
        sys.exit('--package %s has no pose.js; extract the @mediapipe/pose tarball there.' % args.package)
    missing = [p for p in args.images if not os.path.isfile(p)]
    if missing:
        sys.exit('No such image: %s; check the path.' % missing[0])
    if len({os.path.basename(p) for p in args.images}) != len(args.images):
        sys.exit('Two images share a base name; rename one so the outputs do not overwrite each other.')
    os.makedirs(args.out, exist_ok=True)
    for model in [int(m) for m in args.models.split(',')]:
        if model not in MODEL_NAMES:
            sys.exit('--models takes 0, 1 and 2 only.')
        print('modelComplexity %d' % model, flush=True)
        WriteResults(args.out, RunModel(args, args.images, model), model, args.cpu)


if __name__ == '__main__':
    main()
