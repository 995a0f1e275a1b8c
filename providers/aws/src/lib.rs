//! Terrace's AWS provider (work in progress): EC2 and S3 over aws-sdk-rust.
