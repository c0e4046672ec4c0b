# Builds the mloop binary and runs it on a slim Debian with libpq and python3 for tasks.
FROM swift:6.1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY Tests ./Tests
RUN swift build -c release --product mloop

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 python3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/.build/release/mloop /usr/local/bin/mloop
COPY --from=build /usr/lib/swift/linux/*.so* /usr/lib/swift/linux/
COPY migrations /opt/mloop/migrations
COPY dags /opt/mloop/dags
COPY frontend-static /opt/mloop/frontend-static
ENV LD_LIBRARY_PATH=/usr/lib/swift/linux MLOOP_MIGRATIONS_DIR=/opt/mloop/migrations MLOOP_DAGS_FOLDER=/opt/mloop/dags
WORKDIR /opt/mloop
ENTRYPOINT []
CMD ["mloop", "standalone"]
