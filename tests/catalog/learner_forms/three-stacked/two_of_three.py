# expect: wrong_answer
# feedback: asks for 3 stacked recurrent layers
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([SimpleRNN(4, input_shape=(3, 2), return_sequences=True), SimpleRNN(4)])
