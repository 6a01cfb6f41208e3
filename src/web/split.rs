//! Split points: code most sessions never run, fetched the first time it runs.
//!
//! In the release build (the `split` feature, which index.html turns on for Trunk) a function
//! declared with [`split_point!`] is a `wasm_split` function (what Leptos's `#[lazy]` is made
//! of): `scripts/split.mjs` cuts it, and the code only it reaches, out of the app's wasm into a
//! module of its own, which the first call fetches. The service worker precaches the modules, so
//! they load offline too. Builds that are not split (tests, `cargo check`, the wasm-bindgen tests)
//! get a plain `async fn` with the same body, so callers read the same either way.
//!
//! A split point is a free function taking its arguments by value (`AppState` is `Copy`), whose
//! body ends with its value rather than an early `return` (the two builds wrap the body
//! differently; the compiler refuses a `return` in one of them, and `test.sh` builds both). Its
//! caller awaits a `Result`: a module that cannot be fetched (offline, before the service worker
//! had it) is an [`Unavailable`] error to show, never a panic.

/// A part of the app that could not be fetched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this part of Planform could not be loaded (is the network down?); try again")]
pub struct Unavailable;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for Unavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        Unavailable
    }
}

/// Runs a split point that gives nothing back, in the background; when its module cannot be
/// fetched, the toast says so.
pub fn spawn(
    toast: leptos::prelude::RwSignal<Option<String>>,
    work: impl std::future::Future<Output = Result<(), Unavailable>> + 'static,
) {
    use leptos::prelude::Set;
    leptos::task::spawn_local(async move {
        if let Err(e) = work.await {
            toast.set(Some(format!("Could not do that: {e}.")));
        }
    });
}

/// A split point's view, or in its place an alert saying that `what` could not be shown.
pub fn view_or_alert(
    loaded: Result<leptos::prelude::AnyView, Unavailable>,
    what: &str,
) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    loaded.unwrap_or_else(|e| {
        view! { <p role="alert">{format!("Could not show {what}: {e}.")}</p> }.into_any()
    })
}

/// Declares a split point in module `group` (split points of one group share one module):
/// `split_point! { group: fn name(arg: Type, …) -> Output { … } }`, or `async fn` for a body
/// that awaits. Either way it becomes `async fn name(…) -> Result<Output, Unavailable>`. (The
/// cut function inside takes the point's own name: the symbols the splitter reads are made
/// from it and must differ from point to point.)
macro_rules! split_point {
    ($group:ident: $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::Unavailable> {
            #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name($($arg: $ty),*) -> Result<$ret, leptos::wasm_split::SplitLoaderError> {
                Ok($body)
            }
            Ok($name($($arg),*).await?)
        }
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::Unavailable> {
            Ok($body)
        }
    };
    ($group:ident: $(#[$meta:meta])* $vis:vis async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::Unavailable> {
            type Work = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = $ret>>>;
            #[leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $name($($arg: $ty),*) -> Result<Work, leptos::wasm_split::SplitLoaderError> {
                Ok(Box::pin(async move { $body }))
            }
            Ok($name($($arg),*).await?.await)
        }
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::Unavailable> {
            Ok($body)
        }
    };
}
pub(crate) use split_point;
