"""The smallest Flask app, served the same way as ours, as the yardstick for bench_http.py."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "xin chào"
