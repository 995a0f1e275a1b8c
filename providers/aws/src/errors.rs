//! Turning SDK errors into diagnostics: one clear message naming the operation, AWS's
//! error code and message, and what to do for the common causes (credentials,
//! permissions, missing AMIs, taken bucket names). Secrets never appear: SDK errors
//! carry no credentials.

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use terrace_provider::Diag;

/// A diagnostic for a failed SDK call; `what` says what was being done
/// ("creating EC2 Instance").
pub fn diag<E>(what: &str, e: &SdkError<E, HttpResponse>) -> Diag
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let mut code = code(e).unwrap_or_default();
    let message = match e {
        SdkError::ServiceError(se) if se.err().code().is_none() && se.err().message().is_none() => {
            // An answer without an AWS error body: say what its HTTP status means.
            let status = se.raw().status().as_u16();
            if status == 401 || status == 403 {
                code = "AccessDenied".to_string();
            }
            format!("AWS answered HTTP {status} without an error code.")
        }
        SdkError::ServiceError(se) => se.err().message().map(str::to_string).unwrap_or_else(|| se.err().to_string()),
        SdkError::DispatchFailure(d) => format!("the request could not be sent: {}", dispatch_reason(d)),
        SdkError::TimeoutError(_) => "the request timed out".to_string(),
        SdkError::ResponseError(_) => "the response could not be read".to_string(),
        other => other.to_string(),
    };
    let hint = hint(&code);
    let summary = if code.is_empty() { format!("{what} failed") } else { format!("{what}: {code}") };
    let mut detail = message;
    if !hint.is_empty() {
        detail.push_str("\n\n");
        detail.push_str(hint);
    }
    Diag::error(summary, detail)
}

fn dispatch_reason<T: std::fmt::Debug>(d: &T) -> String {
    let s = format!("{d:?}");
    if s.contains("Connection refused") || s.contains("ConnectionRefused") {
        "connection refused (is the endpoint right and the service running?)".to_string()
    } else if s.contains("dns error") {
        "the endpoint's host name does not resolve".to_string()
    } else {
        "a connection or transport error".to_string()
    }
}

/// The AWS error code of a failed call.
pub fn code<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> Option<String> {
    match e {
        SdkError::ServiceError(se) => se.err().code().map(str::to_string),
        _ => None,
    }
}

/// Whether a failed call means "this object does not exist".
pub fn is_not_found<E: ProvideErrorMetadata, R>(e: &SdkError<E, R>) -> bool {
    code(e).is_some_and(|c| c.ends_with(".NotFound") || c.ends_with("NotFound") || c == "NoSuchBucket" || c == "NoSuchKey" || c == "NotFound" || c.ends_with(".Malformed") && c.starts_with("InvalidInstanceID"))
}

fn hint(code: &str) -> &'static str {
    match code {
        "AuthFailure" | "InvalidClientTokenId" | "SignatureDoesNotMatch" | "InvalidAccessKeyId" | "UnrecognizedClientException" | "ExpiredToken" => {
            "The credentials were rejected. Check access_key/secret_key in the provider block, the AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, or the profile in use."
        }
        "UnauthorizedOperation" | "AccessDenied" | "AccessDeniedException" => "The credentials lack a permission this operation needs (or were not accepted): grant it in the IAM policy of the user or role in use, and check which credentials are in use.",
        "InvalidAMIID.NotFound" | "InvalidAMIID.Malformed" => "The AMI does not exist in this region (AMI IDs differ between regions), or is not shared with this account. Look it up with the aws_ami data source.",
        "BucketAlreadyExists" => "Bucket names are global across all AWS accounts and this one is taken. Choose another name (a prefix with your organisation or account helps).",
        "BucketAlreadyOwnedByYou" => "This account already owns a bucket with this name: import it with `terrace import` rather than creating it again.",
        "RequestLimitExceeded" | "Throttling" | "ThrottlingException" | "SlowDown" => "AWS throttled the requests even after retries: raise max_retries, or lower -parallelism.",
        "InvalidParameterValue" | "InvalidParameterCombination" | "ValidationError" | "MissingParameter" => "AWS rejected an argument's value: check the argument named in the message.",
        _ => "",
    }
}

/// Adds a first paragraph to a diagnostic's detail.
pub trait WithPrefix {
    fn with_detail_prefix(self, p: &str) -> Diag;
}

impl WithPrefix for Diag {
    fn with_detail_prefix(mut self, p: &str) -> Diag {
        self.detail = format!("{p}\n\n{}", self.detail);
        self
    }
}
