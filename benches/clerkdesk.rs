fn main() {
    println!("being written");
}
