FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && python manage.py compilemessages --ignore .venv >/dev/null 2>&1 || true
RUN useradd --create-home hall && mkdir -p /app/var /data/media && chown -R hall /app/var /data
USER hall
EXPOSE 8000
CMD ["gunicorn", "hall.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
