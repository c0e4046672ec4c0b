# Builds the mloop binary with the Swift toolchain, then runs it on a slim Debian with libpq, python3 and bash for
# tasks, as a non-root user.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not refetch them.
COPY Package.swift ./
COPY Plugins ./Plugins
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product mloop --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/mloop" /mloop

FROM debian:bookworm-slim AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 python3 bash ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /var/lib/mloop --uid 10001 mloop
COPY --from=build /mloop /usr/local/bin/mloop
COPY migrations /opt/mloop/migrations
COPY dags /opt/mloop/dags
COPY frontend-static /opt/mloop/frontend-static
ENV MLOOP_MIGRATIONS_DIR=/opt/mloop/migrations MLOOP_DAGS_FOLDER=/opt/mloop/dags MLOOP_HOME=/var/lib/mloop
USER mloop
WORKDIR /opt/mloop
EXPOSE 8000
CMD ["mloop", "standalone"]
